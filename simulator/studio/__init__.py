"""`convsim studio`: a local web app where domain experts write, try and review scenarios.

Server-rendered pages (Starlette, served by uvicorn) over one workspace folder; nothing outside
that folder is read or written (`workspace.Workspace.resolve`). `app.create_app` builds it.
"""
