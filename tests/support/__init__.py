"""Tests for the support package: extraction and resolution against the τ²-bench retail store."""
