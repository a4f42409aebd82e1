"""Where papers come from beyond the shipped graph: Semantic Scholar (``s2.py``).

Sources return records; they never write graph files themselves.
"""
