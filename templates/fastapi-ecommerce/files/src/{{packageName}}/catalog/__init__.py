"""Categories and products: public browsing, admin-only management."""
