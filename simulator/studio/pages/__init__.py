"""The studio's pages and routes: the Starlette app (app.py), the request guard, the HTML of
each page and its script, and the parts of the edit page's form.
"""
