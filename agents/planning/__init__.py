"""The edge-case planner: coverage model, mini-batch planning modes, failure bandit."""

from agents.planning.batch import BATCH_SIZE, MODES, BatchPlanner, Mode, PlanSpec
from agents.planning.factors import FactorModel, observed

__all__ = ["BATCH_SIZE", "MODES", "BatchPlanner", "FactorModel", "Mode", "PlanSpec", "observed"]
