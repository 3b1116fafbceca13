// The laboratory's pure rules (issue 13): the test catalogue and panels, reference ranges by sex
// and age band, flags, delta checks, calculated tests and unit conversion. No I/O.
export {};
