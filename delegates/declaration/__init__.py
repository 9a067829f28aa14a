"""The ministerial declaration: its texts and the countries' signatures."""
