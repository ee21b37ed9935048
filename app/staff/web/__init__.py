"""The staff pages, one module per area; app/routes/staff.py gathers them under /staff."""
