"""Reference data shipped with the package: the KBLI 2020 and 2025 lists and their conversion."""
