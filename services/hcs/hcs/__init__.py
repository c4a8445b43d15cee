"""Shared contracts and plumbing for the harassment case system's services.

Plumbing and contracts only: no service's domain rules live here.
"""
