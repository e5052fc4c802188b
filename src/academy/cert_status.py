"""The Chinese label of each certificate status: one table for the site, CI and ``verify``."""

from __future__ import annotations

CERT_STATUS_LABELS = {
    "active": "有效",
    "renewal_due": "待复评",
    "expired": "已过期",
    "revoked": "已撤销",
    "superseded": "已被取代",
}
