<?php
// Sends a stored invoice PDF to the browser.
$file = basename($_GET['invoice']);
header('Content-Type: application/pdf');
readfile(__DIR__ . '/invoices/' . $file);
