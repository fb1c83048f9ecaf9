"""What is checked across items once every source is read: references, links, dates, the validation run."""
