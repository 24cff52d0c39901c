"""User management for UN administrators: invite, list, change role, disable, end sessions."""
