# Serves a generated monthly report.
class ReportsController < ApplicationController
  def show
    report = params[:name]
    send_file File.join("/srv/reports", report), type: "application/pdf"
  end
end
