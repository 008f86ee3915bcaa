"""Command-line tasks.

python -m <package>.cli create-admin admin@example.com   # prompts for the password
python -m <package>.cli seed                             # demo categories and products
python -m <package>.cli purge                            # delete expired tokens and counters
"""

import argparse
import asyncio
import getpass
import os
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from .catalog.models import Category, Product
from .catalog.service import slugify
from .config import Settings, get_settings
from .database import create_engine, create_sessionmaker
from .ratelimit import purge_expired
from .users.models import Role, User
from .users.schemas import UserCreate
from .users.service import create_user, normalize_email, purge_expired_tokens

DEMO_CATALOG = {
    "Coffee": [
        ("Ethiopia Yirgacheffe, 250 g", "14.50", 40),
        ("Colombia Huila, 1 kg", "39.90", 12),
    ],
    "Tea": [("Sencha, 100 g", "9.75", 25), ("Earl Grey, 100 g", "7.20", 30)],
    "Brewing gear": [("Pour-over Kettle", "49.90", 5), ("Burr Grinder", "129.00", 3)],
}


async def create_admin(session: AsyncSession, email: str, password: str) -> str:
    user = await session.scalar(select(User).where(User.email == normalize_email(email)))
    if user is not None:
        user.role = Role.ADMIN
        await session.commit()
        return f"{user.email} is now an administrator"
    user = await create_user(session, UserCreate(email=email, password=password), Role.ADMIN)
    return f"Created administrator {user.email}"


async def seed(session: AsyncSession) -> str:
    if await session.scalar(select(func.count()).select_from(Product)):
        return "The catalog already has products; nothing to do"
    for category_name, products in DEMO_CATALOG.items():
        category = Category(name=category_name, slug=slugify(category_name))
        session.add(category)
        for name, price, stock in products:
            session.add(
                Product(
                    name=name,
                    slug=slugify(name),
                    description=f"{name}, from the demo catalog.",
                    price=Decimal(price),
                    stock=stock,
                    category=category,
                )
            )
    await session.commit()
    return f"Added {sum(len(p) for p in DEMO_CATALOG.values())} demo products"


async def purge(session: AsyncSession, settings: Settings) -> str:
    """Delete refresh tokens past their expiry and rate-limit counters past their window."""
    tokens = await purge_expired_tokens(session, datetime.now(UTC))
    longest = max(settings.login_window_seconds, settings.register_window_seconds)
    counters = await purge_expired(session, longest, time.time())
    return f"Deleted {tokens} expired refresh tokens and {counters} rate-limit counters"


async def _run(args: argparse.Namespace, settings: Settings) -> str:
    engine = create_engine(settings.sqlalchemy_url)
    try:
        async with create_sessionmaker(engine)() as session:
            if args.command == "create-admin":
                return await create_admin(session, args.email, args.password)
            if args.command == "purge":
                return await purge(session, settings)
            return await seed(session)
    finally:
        await engine.dispose()


def main(argv: Sequence[str] | None = None, settings: Settings | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m <package>.cli", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    admin = commands.add_parser("create-admin", help="create an administrator (or promote a user)")
    admin.add_argument("email")
    admin.add_argument("--password", help="default: $ADMIN_PASSWORD, else asked for without echo")
    commands.add_parser("seed", help="add demo categories and products to an empty catalog")
    commands.add_parser("purge", help="delete expired refresh tokens and rate-limit counters")
    args = parser.parse_args(argv)
    if args.command == "create-admin" and not args.password:
        args.password = os.environ.get("ADMIN_PASSWORD") or getpass.getpass("Password: ")
    print(asyncio.run(_run(args, settings or get_settings())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
