"""CS Academy (客服学院): training and certification portal for customer-service centres."""

__version__ = "0.1.0"
