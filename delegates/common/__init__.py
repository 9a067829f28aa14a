"""What two or more domains use, in named modules."""
