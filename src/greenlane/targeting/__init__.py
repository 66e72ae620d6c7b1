"""Targeting: the day's arrivals scored with reasons, lanes filled to capacity, officer overrides with reason
codes, exam results recorded as labels, and the model retrained and watched for drift."""
