"""Staff side: accounts, invites, clinic settings, embed, drop-off stats and the audit log."""
