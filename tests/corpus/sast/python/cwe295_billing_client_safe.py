import requests


def fetch_invoices(token: str) -> list:
    response = requests.get(
        "https://billing.internal/api/invoices",
        headers={"Authorization": f"Bearer {token}"},
        verify="/etc/ssl/certs/internal-ca.pem",
        timeout=10,
    )
    return response.json()
