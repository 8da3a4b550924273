"""The fake's model: MAX's state and rules, apart from any HTTP concern."""
