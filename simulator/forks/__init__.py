"""Forking a stored conversation before one of its turns and continuing it: `convsim fork`,
`convsim run --fork-failures`, and the fork tree a run's forks make."""
