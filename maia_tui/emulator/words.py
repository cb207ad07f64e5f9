"""Vocabulary for the sample account: data-engineering themed, combined with indexes for variety."""

THEMES = (
    "Customer 360",
    "Finance Close",
    "Snowflake Ingest",
    "Marketing Attribution",
    "Supply Chain Analytics",
    "Churn Prediction",
    "Revenue Operations",
    "HR Reporting",
    "IoT Telemetry",
    "Clickstream Sessions",
    "Data Quality Checks",
    "GDPR Erasure",
    "Inventory Forecast",
    "Salesforce Sync",
    "Ad Spend Rollup",
    "Product Analytics",
    "Fraud Signals",
    "Claims Processing",
    "Loyalty Programme",
    "Payments Reconciliation",
    "Pricing Engine",
    "Web Analytics",
    "Support Tickets",
    "Subscription Metrics",
    "Warehouse Modernisation",
    "Lakehouse Bronze",
    "dbt Migration",
    "Demand Planning",
    "Vendor Scorecards",
    "ESG Reporting",
    "Risk Exposure",
    "Patient Outcomes",
    "Energy Metering",
    "Fleet Tracking",
    "Call Centre KPIs",
    "Store Footfall",
    "Email Engagement",
    "Partner Portal",
    "Tax Provisioning",
    "Budget vs Actuals",
)
QUALIFIERS = (
    "EMEA",
    "APAC",
    "NA",
    "LATAM",
    "UK",
    "DACH",
    "Nordics",
    "Global",
    "Sandbox",
    "Legacy",
    "v2",
    "Pilot",
    "Prod Support",
    "Shared",
    "Team Alpha",
    "Q3 Initiative",
)
SOURCES = (
    "Salesforce",
    "SAP S/4HANA",
    "Shopify",
    "PostgreSQL",
    "Workday",
    "Google Analytics 4",
    "Stripe",
    "Zendesk",
    "NetSuite",
    "an S3 landing bucket",
    "Kafka",
    "MySQL",
    "HubSpot",
    "Jira",
)
TARGETS = ("Snowflake", "Databricks", "Amazon Redshift", "BigQuery")
TEAMS = (
    "Finance",
    "Marketing",
    "Data Platform",
    "Sales Ops",
    "Supply Chain",
    "Analytics Engineering",
    "Risk",
    "People",
)
BI_TOOLS = ("Tableau", "Power BI", "Looker", "ThoughtSpot")
DESCRIPTIONS = (
    "Nightly loads from {src} into {dst}, modelled for the {team} team.",
    "Orchestrates {src} extracts and {dst} transformations for {theme}.",
    "Owned by {team}. Incremental CDC from {src}; SLA 06:00 UTC.",
    "Experimental: {theme} rebuilt on {dst} with Maia-generated pipelines.",
    "Feeds the {theme} dashboards in {bi}. Contact the {team} team before changing schedules.",
    "Replaces the legacy cron jobs that copied {src} into {dst}.",
)

ENVIRONMENT_STYLES = (
    ("dev", "test", "uat", "prod"),
    ("development", "qa", "staging", "production"),
)

# Pipeline folders and whether they hold orchestration or transformation pipelines.
PIPELINE_DIRS = (
    ("ingest", "orch"),
    ("transform", "tran"),
    ("orchestration", "orch"),
    ("marts", "tran"),
    ("staging", "tran"),
    ("utils", "orch"),
    ("reverse_etl", "orch"),
)
PIPELINE_BASES = (
    "load_orders",
    "load_customers",
    "dim_customer",
    "fact_sales",
    "stg_payments",
    "daily_refresh",
    "snapshot_inventory",
    "scd2_products",
    "load_web_events",
    "agg_revenue_by_day",
    "dq_checks",
    "export_to_salesforce",
    "load_invoices",
    "dim_date",
    "fact_shipments",
    "master",
    "cleanup_temp_tables",
    "load_gl_entries",
    "dim_account",
    "stg_ad_spend",
)

# Quartz crons (seconds first; ?, L, W, #, names and 1=SUN day numbers all occur) and their labels.
CRONS = (
    ("0 0 2 * * ?", "Nightly"),
    ("0 */15 * * * ?", "Every 15 minutes"),
    ("0 30 6 ? * MON-FRI", "Weekday morning"),
    ("0 0 0 1 * ?", "Monthly"),
    ("0 0 */4 * * ?", "Every 4 hours"),
    ("0 45 23 ? * SUN", "Weekly"),
    ("0 0 7 15W * ?", "Mid-month weekday"),
    ("0 30 18 ? * 6L", "Last Friday"),
    ("0 0 9 ? * 2#1", "First Monday"),
    ("30 5/10 * * * ?", "Every 10 minutes"),
)
# Interval schedules: (interval, unit, label); they fire every interval from effectiveFrom.
INTERVALS = ((30, "MINUTES", "Every half hour"), (2, "HOURS", "Every two hours"), (1, "DAYS", "Daily"))
# A published pipeline with this file name is disabled: running it answers 410 Gone.
DISABLED_PIPELINE_BASE = "export_to_salesforce"
TIMEZONES = ("UTC", "Europe/London", "America/New_York", "Asia/Kolkata", "Australia/Sydney", "Europe/Berlin")

PEOPLE = (
    "amira.khan@example.com",
    "ben.okafor@example.com",
    "chloe.martin@example.com",
    "dmitri.ivanov@example.com",
    "elena.rossi@example.com",
    "farid.haddad@example.com",
    "grace.lee@example.com",
    "hiro.tanaka@example.com",
)
API_CREDENTIAL_EMAIL = "ci-deployer@api-credentials.example.com"
API_USERS = ("service-account-ci-deployer", "service-account-airflow", "service-account-demo-client")

ORCHESTRATION_STEPS = (
    "Database Query",
    "S3 Load",
    "Salesforce Query",
    "SQL Script",
    "Python Script",
    "Truncate Table",
    "Create Table",
    "If",
    "Retry",
    "Send Email",
    "Run Transformation",
    "Run Transformation",
    "Run Orchestration",
)
TRANSFORMATION_STEPS = (
    "Table Input",
    "Filter",
    "Join",
    "Calculator",
    "Aggregate",
    "Rank",
    "Convert Type",
    "Distinct",
    "Rewrite Table",
    "Table Output",
)
FAILURES = (
    "SQL compilation error: Object 'RAW.ORDERS' does not exist or not authorized.",
    "Connection to Salesforce timed out after 300 seconds.",
    "Python Script: KeyError: 'customer_id'",
    "Duplicate row detected during DML action. Row Values: (1042, 'EUR')",
    "Insufficient privileges to operate on schema 'MARTS'.",
    "Agent lost contact with the warehouse: connection reset by peer.",
)

AGENT_REGIONS = (
    ("eu-west-1", "aws"),
    ("us-east-1", "aws"),
    ("uksouth", "azure"),
    ("ap-southeast-2", "aws"),
    ("westeurope", "azure"),
)
AGENT_PURPOSES = ("prod", "nonprod", "shared", "finance", "dev")
AGENT_STATUSES = ("running",) * 8 + ("stopped", "paused", "pending", "unknown")
AGENT_TRACKS = ("current", "current", "stable", "early-access")
STREAMING_SOURCES = ("postgres", "mysql", "sqlserver", "oracle", "db2")
STREAMING_TARGETS = ("snowflake", "s3", "abs", "gcs")
CONSUMPTION_TYPES = (
    ("etl-compute", 40.0),
    ("orchestration", 12.0),
    ("transformation", 18.0),
    ("streaming", 6.0),
    ("data-loader-batch", 4.0),
    ("data-loader-cdc", 3.0),
    ("dpc-users", 1.0),
)
VERSION_NAMES = ("[Environment Default]", "v1.4.0", "v2.0.1", "main")

EVENT_KINDS = (
    ("UserLoggedIn", "USER", "Account"),
    ("PipelinePublished", "USER", "Pipeline"),
    ("ProjectUpdated", "USER", "Project"),
    ("EnvironmentCreated", "USER", "Environment"),
    ("ScheduleUpdated", "USER", "Schedule"),
    ("ApiCredentialCreated", "USER", "ApiCredential"),
    ("PipelineExecutionStarted", "API_CREDENTIAL", "Pipeline"),
    ("SecretDefinitionCreated", "USER", "SecretDefinition"),
    ("UserRoleChanged", "USER", "User"),
)

# For hardening tests: text a terminal UI must show literally, never interpret.
HOSTILE_NAMES = (
    "\x1b[31mRED ALERT\x1b[0m Finance",
    "\x1b]0;pwned\x07Customer 360",
    "[bold red]oops[/] Marketing",
    "[link=http://x]click me[/link] Ingest",
    "Null\x00byte bell\x07 back\x08space",
    "Clear screen\x1b[2J\x1b[H here",
    "Right-to-left \u202eevil\u202c name",
    "Tab\tand\nnewline\r\nproject",
)
HOSTILE_DESCRIPTIONS = (
    "Rings the bell\x07 and sets the title \x1b]0;pwned\x07",
    "[bold red]oops[/] and [link=http://x]a link[/link]",
    "Cursor moves \x1b[10A\x1b[2K and colours \x1b[42m",
    "C1 control \x9b31m and DEL\x7f",
)
HUGE_DESCRIPTION_LENGTH = 10_000
