"""One colour and one short mark per status, shared by the SVG, the legend and the CSS classes.

The colours are told apart by people with the common colour-vision deficiencies, and every mark
also carries its status as text, so colour is never the only cue.
"""

from exportwatch.licences.models import Status

STATUS_COLOURS = {
    Status.REQUIREMENT_IMPOSED: "#b35806",
    Status.REQUIREMENT_LIFTED: "#8c8c8c",
    Status.APPLIED: "#2166ac",
    Status.UNDER_REVIEW: "#67a9cf",
    Status.ASSURED: "#7b3294",
    Status.GRANTED: "#1a9850",
    Status.DENIED: "#d73027",
    Status.REVOKED: "#40004b",
}

# A letter inside each mark, so the picture reads in grey print too.
STATUS_LETTERS = {
    Status.REQUIREMENT_IMPOSED: "R",
    Status.REQUIREMENT_LIFTED: "L",
    Status.APPLIED: "A",
    Status.UNDER_REVIEW: "U",
    Status.ASSURED: "S",
    Status.GRANTED: "G",
    Status.DENIED: "D",
    Status.REVOKED: "X",
}
