"""The app's screens: login, projects, project detail, help, and the go-to-page box."""
