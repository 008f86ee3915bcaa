"""Every table, imported in one place so `Base.metadata` is complete (Alembic, tests)."""

from .cart.models import CartItem
from .catalog.models import Category, Product
from .database import Base
from .orders.models import Order, OrderItem
from .payments.models import Payment
from .ratelimit import RateLimitCounter
from .users.models import RefreshToken, User

__all__ = [
    "Base",
    "CartItem",
    "Category",
    "Order",
    "OrderItem",
    "Payment",
    "Product",
    "RateLimitCounter",
    "RefreshToken",
    "User",
]
