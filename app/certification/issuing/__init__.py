"""Issuing certificates: who is eligible, one certificate issued and stored, bulk unit jobs."""
