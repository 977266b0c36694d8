"""Tests of the store package: seeding, reads, write operations, handoffs and the CLI."""
