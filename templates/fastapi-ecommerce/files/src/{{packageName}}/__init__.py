"""An e-commerce backend: catalog, carts, checkout, orders and payments."""

__version__ = "0.1.0"
