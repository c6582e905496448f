"""Running a batch: from validated inputs and plans to stored conversations.

The runner and the LangGraph graph of one conversation, the engines that play each role,
the coverage planner's source of mini-batches, where conversations play (the driver, worker
processes, Ray), the limits a run shares between them (budgets, rate caps), re-runs of
plans the simulated customer spoiled, and the run's manifest."""
