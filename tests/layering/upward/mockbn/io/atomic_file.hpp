// A fixture for the layering check: what the relative include reaches.
#pragma once
