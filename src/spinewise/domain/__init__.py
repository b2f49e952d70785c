"""The pure core of spinewise: no IO, no clock, no database, no web or CLI framework.

Everything here takes its inputs as arguments (including ``today`` where a date
matters) and returns values that carry the rule id and the plain reason behind
every decision.
"""
