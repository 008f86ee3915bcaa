"""The payment provider interface. Swap `FakePaymentProvider` for a real one (Stripe, Adyen...)
by implementing the same two methods and installing it in `main.create_app`."""

import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Protocol

from fastapi import Depends, Request


@dataclass(frozen=True)
class ChargeResult:
    succeeded: bool
    reference: str
    message: str = ""


class PaymentProvider(Protocol):
    name: str

    async def charge(self, *, amount: Decimal, currency: str, reference: str) -> ChargeResult:
        """Take `amount` for the order identified by `reference`."""
        ...

    async def refund(self, *, charge_reference: str, amount: Decimal, currency: str) -> None:
        """Give back a previous charge."""
        ...


class FakePaymentProvider:
    """Accepts every charge, unless told to decline; records what it did for tests."""

    name = "fake"

    def __init__(self, *, decline: bool = False) -> None:
        self.decline = decline
        self.charges: list[tuple[str, Decimal, str]] = []
        self.refunds: list[tuple[str, Decimal]] = []

    async def charge(self, *, amount: Decimal, currency: str, reference: str) -> ChargeResult:
        if self.decline:
            return ChargeResult(succeeded=False, reference="", message="The card was declined")
        charge_reference = f"fake_{uuid.uuid4().hex}"
        self.charges.append((charge_reference, amount, currency))
        return ChargeResult(succeeded=True, reference=charge_reference)

    async def refund(self, *, charge_reference: str, amount: Decimal, currency: str) -> None:
        self.refunds.append((charge_reference, amount))


def get_payment_provider(request: Request) -> PaymentProvider:
    provider: PaymentProvider = request.app.state.payment_provider
    return provider


PaymentProviderDep = Annotated[PaymentProvider, Depends(get_payment_provider)]
