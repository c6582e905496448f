"""The studio's pages about runs (Starlette routes): a run's conversations filtered, with
the coverage heatmap; its HTML report; its REVIEW queue (accept, reject, note), stored where
`convsim review` stores it. Apart from app.py, which serves the editor and its answers.
Every run folder a request names goes through the workspace (outside it: refused, 403)."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from simulator.studio.pages.pages import conversation, esc, link, page
from simulator.studio.workspace import Workspace

__all__ = ["bad", "run_routes"]


def run_routes(ws: Workspace) -> list[Route]:
    """/runs, /report and /review over the workspace `ws`."""

    async def runs(request: Request) -> Response:
        from simulator.studio.pages.heatmap import heatmap_html
        from simulator.studio.trying.runs import (
            FILTERS,
            applying_rules,
            facets,
            filters_html,
            matches,
            read_records,
        )

        dirs = [ws.rel(d) for d in ws.run_dirs()]
        chosen = request.query_params.get("run") or (dirs[0] if dirs else "")
        if not chosen:
            return HTMLResponse(page("Runs", _NO_RUNS))
        folder = ws.resolve(chosen)
        records = list(read_records(folder / "transcripts.jsonl"))
        query = {k: request.query_params.get(k, "") for k in FILTERS}
        shown = [r for r in records if matches(r, query)]
        body = "<p>" + " · ".join(link("/runs", {"run": d}, d) for d in dirs) + "</p>"
        body += filters_html(chosen, facets(records), query)
        body += "<p>" + link("/report", {"run": chosen}, "HTML report of this run") + " · "
        body += link("/review", {"run": chosen}, "review queue") + "</p>"
        body += heatmap_html(chosen, records)
        body += f"<h2>Conversations</h2><p>{len(shown)} of {len(records)} conversations</p>"
        files = [ws.resolve(f) for f in ws.scenario_files()]
        used, actions = applying_rules(shown[:200], files)
        body += "".join(map(conversation, shown[:200], used, actions))
        return HTMLResponse(page(f"Run {chosen}", body))

    async def report(request: Request) -> Response:
        from simulator.report import ReportRequest, write_report

        folder = ws.resolve(request.query_params.get("run", ""))
        if not (folder / "run.db").is_file():
            return bad("not a run folder", 404)
        out = folder / "report.html"
        await run_in_threadpool(write_report, ReportRequest(run_dir=folder, out=out))
        return FileResponse(out, media_type="text/html")

    async def review(request: Request) -> Response:
        from simulator.store.rundb import RunBusy

        try:
            return await _review(request)
        except RunBusy:  # after the wait: the page says so, the decision is not taken silently
            from simulator.studio.trying.reviews import BUSY

            return bad(BUSY, 409)

    async def _review(request: Request) -> Response:
        from simulator.studio.trying.reviews import decide, review_body

        if request.method == "POST":
            form = await request.form()
            rel = str(form.get("run", ""))
            folder = ws.resolve(rel)
            await run_in_threadpool(
                decide,
                folder,
                str(form.get("id", "")),
                str(form.get("decision", "")),
                str(form.get("note", "")),
            )
            return RedirectResponse(f"/review?run={rel}", status_code=303)
        rel = request.query_params.get("run", "")
        folder = ws.resolve(rel)
        if not (folder / "run.db").is_file():
            return bad("not a run folder", 404)
        body = await run_in_threadpool(review_body, folder, rel)
        return HTMLResponse(page(f"Review {rel}", body))

    return [
        Route("/runs", runs),
        Route("/report", report),
        Route("/review", review, methods=["GET", "POST"]),
    ]


_NO_RUNS = (
    "<p>No runs in the workspace yet. Make one from this folder with <code>convsim run "
    "scenarios --n 20 --seed 1 --out runs/first</code> (any folder inside the workspace); "
    "it shows here, with its coverage heatmap, report and review queue.</p>"
)


def bad(message: str, status: int = 400) -> Response:
    return HTMLResponse(page("Error", f"<p class='problem'>{esc(message)}</p>"), status_code=status)
