"""Where papers come from beyond the shipped graph: Semantic Scholar (``s2.py``).

Sources return records and write nothing: the caller saves the records, and the command line passes the S2 client
its response cache (``store.responses``). No module here imports ``store`` or ``load``.
"""
