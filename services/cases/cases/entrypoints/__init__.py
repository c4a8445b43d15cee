"""Cases' nameko entrypoints, split by what they serve; ``cases.service`` puts them together."""
