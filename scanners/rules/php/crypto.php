<?php

function register($db, $email, $password)
{
    // ruleid: php.crypto.weak-password-hash
    $hash = md5($password);
    // ok: php.crypto.weak-password-hash
    $good = password_hash($password, PASSWORD_DEFAULT);
    // ok: php.crypto.weak-password-hash
    $etag = md5($email);
    // ruleid: php.crypto.weak-password-hash
    $old = sha1($user_pass);
    return [$hash, $good, $etag, $old];
}

function reset_link()
{
    // ruleid: php.crypto.insecure-random-token
    $token = md5(uniqid());
    // ruleid: php.crypto.insecure-random-token
    $resetCode = mt_rand(100000, 999999);
    // ok: php.crypto.insecure-random-token
    $apiToken = bin2hex(random_bytes(32));
    // ok: php.crypto.insecure-random-token
    $dice = mt_rand(1, 6);
    return [$token, $resetCode, $apiToken, $dice];
}

function fetch($url)
{
    $ch = curl_init($url);
    // ruleid: php.crypto.tls-verification-disabled
    curl_setopt($ch, CURLOPT_SSL_VERIFYPEER, false);
    // ok: php.crypto.tls-verification-disabled
    curl_setopt($ch, CURLOPT_SSL_VERIFYPEER, true);
    // ruleid: php.crypto.tls-verification-disabled
    curl_setopt($ch, CURLOPT_SSL_VERIFYHOST, 0);
    // ok: php.crypto.tls-verification-disabled
    curl_setopt($ch, CURLOPT_SSL_VERIFYHOST, 2);
    return curl_exec($ch);
}
