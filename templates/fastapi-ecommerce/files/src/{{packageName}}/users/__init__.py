"""Users, roles and authentication (JWT access + rotated refresh tokens)."""
