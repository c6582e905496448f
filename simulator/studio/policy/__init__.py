"""Reading a pasted policy: the rules, facts and labels the studio reads in its sentences, and
a new scenario made from it (suggest.py is the entry).
"""
