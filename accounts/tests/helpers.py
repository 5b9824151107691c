from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.totp import current_code
from conftest import PASSWORD


def sign_in(client: Client, user, *, password: str = PASSWORD, with_code: bool = True):
    """Signs in through the real forms: password, then the second factor if the user has one."""
    response = client.post(reverse("account_login"), {"login": user.username, "password": password})
    if with_code and response.status_code == 302 and response["Location"] == reverse("mfa_authenticate"):
        response = client.post(reverse("mfa_authenticate"), {"code": current_code(user, at=timezone.now())})
    return response
