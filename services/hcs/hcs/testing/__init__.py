"""Test helpers shared by every service's tests (fakes, settings, brokers and databases)."""
