"""The diffusers plumbing shared by the image, panorama and video neural backends (loader.py), and
random-weight pipelines for hermetic tests and GPU benches (random_weights.py)."""
