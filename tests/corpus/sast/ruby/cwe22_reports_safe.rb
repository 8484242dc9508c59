# Serves a generated monthly report.
class ReportsController < ApplicationController
  def show
    report = File.basename(params[:name])
    send_file File.join("/srv/reports", report), type: "application/pdf"
  end
end
