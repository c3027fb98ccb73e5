"""The *Co-Design for Public Service Transformation Handbook*, written as a .docx.

It takes a plain snapshot of what was recorded (no database, no Flask) and
never contains a participant code, a non-consented quote or an unsuppressed
small count.
"""
