"""The roles (customer, support, critic, planner) and the engines they run on."""
