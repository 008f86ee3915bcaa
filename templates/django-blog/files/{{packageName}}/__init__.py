"""The blog project: settings, URL configuration and the core, accounts, blog and API apps."""
