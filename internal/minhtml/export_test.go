package minhtml

// CompactJSON is compactJSON, for the tests of package minhtml_test.
var CompactJSON = compactJSON
