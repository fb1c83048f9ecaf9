"""Publishing frozen versions of the portal to a git branch with mike, safely.

ctoportal builds the site itself (the caller passes a ``build_into`` function) and hands mike only the
finished folder, through mike's Python API. mike's own ``deploy`` command would instead run the
``properdocs`` executable whenever ProperDocs is installed, else ``mkdocs`` from PATH; building here
keeps the result the same whichever is installed.

Before touching the branch we check what mike leaves to the user (``guards``, ``names``): names that are
safe as folder names on any host, no silent overwrite of a published version, a local branch that is
not behind (or missing from) the remote, so a publish never throws away a version someone else
published, and no version or alias moved back to a build of an older commit. When two publishes race
and the other pushes first, ours is made again on top of the remote's branch (``push``); whatever
fails, the local branch is never left beside the remote's. ``operations`` holds publish and unpublish;
``mike_glue`` is the only module here that imports mike.
"""
