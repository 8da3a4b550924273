"""maxclient: Python 3 client library and testing toolkit for the MAX API."""
