<?php
// Restores display preferences kept in a cookie.
$preferences = ['theme' => 'light', 'page_size' => 20];
if (isset($_COOKIE['prefs'])) {
    $preferences = unserialize(base64_decode($_COOKIE['prefs']));
}
echo json_encode($preferences);
