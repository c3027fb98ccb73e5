"""IMMERSE core: the domain library behind the matching service, free of any web framework.

It holds the firewall (purpose-based data minimisation), matching, the fairness
audit and the taxonomy; this module keeps the rules about personal data that
every part of CoCreate applies.
"""
