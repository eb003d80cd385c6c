"""Reusable widgets that know nothing about the app and speak only through signals."""
