"""The fake's HTTP layer: request parsing, routing, traversal and MAX's replies."""
