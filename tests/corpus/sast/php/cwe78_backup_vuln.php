<?php
// Admin tool: archive a customer's folder on demand.
$customer = $_POST['customer'];
$target = "/srv/backups/" . date('Ymd') . ".tar.gz";
$status = 0;
exec("tar czf " . $target . " /srv/customers/" . $customer, $output, $status);
echo $status === 0 ? "ok" : "failed";
